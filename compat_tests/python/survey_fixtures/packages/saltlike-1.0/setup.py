from setuptools import setup

setup(name="saltlike", version="1.0", extras_require={"m2": ["M2Crypto"], "tls": ["pyOpenSSL"]})
