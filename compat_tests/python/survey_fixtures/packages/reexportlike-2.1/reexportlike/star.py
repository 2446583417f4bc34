from OpenSSL.SSL import *  # noqa: F403


def make_context(path):
    ctx = Context(TLS_METHOD)  # noqa: F405
    ctx.use_certificate_file(path, FILETYPE_PEM)  # noqa: F405
    return ctx
