from .core import CertTool as CertTool
