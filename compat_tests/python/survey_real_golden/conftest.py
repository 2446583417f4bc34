"""The real dependents' files here contain files named like tests (and Python 2 code);
they are scan input, never collected or imported by pytest."""
collect_ignore_glob = ["*"]
