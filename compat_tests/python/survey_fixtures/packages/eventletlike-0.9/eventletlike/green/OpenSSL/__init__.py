from . import crypto
from . import SSL
from . import version
