"""Counts a ported pure-Python class's construction and public methods as
catalog entry points ("<prefix>" for the class, "<prefix>.<method>" for
each public method it defines), for modules kept close to upstream's text
(httpslib, m2urllib2, m2xmlrpclib, ftpslib)."""
import inspect

from cryptoshim.legacy import entry_point, legacy_class


def counted_class(api_prefix: str, errors=None):
    def decorate(cls):
        for name, member in list(vars(cls).items()):
            if name.startswith("_"):
                continue
            api_id = f"{api_prefix}.{name}"
            if isinstance(member, staticmethod):
                setattr(
                    cls, name, staticmethod(entry_point(api_id, errors=errors)(member.__func__))
                )
            elif inspect.isfunction(member):
                setattr(cls, name, entry_point(api_id, errors=errors)(member))
        return legacy_class(api_prefix, errors=errors)(cls)
    return decorate
