# A Twisted plugin installed into twisted/plugins/ (no __init__.py), as txsni
# ships one: `twisted` here is Twisted's package, not the dependent's.
from wrapperlike.bridge import server_context  # noqa: F401
