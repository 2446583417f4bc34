"""Legacy objects kept by the dependent's own wrappers and by other libraries."""
