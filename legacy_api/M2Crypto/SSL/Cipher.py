"""SSL ciphers (M2Crypto/SSL/Cipher.py). A Cipher is the (name, version,
bits) description of one SSL_CIPHER; a Cipher_Stack is SSL_get_ciphers."""
from typing import Iterator, List, Tuple

from cryptoshim.legacy import entry_point, legacy_class

__all__ = ["Cipher", "Cipher_Stack"]


@legacy_class("m2crypto.SSL.Cipher")
class Cipher:
    def __init__(self, cipher: Tuple[str, str, int], _pyfree: int = 0) -> None:
        if not (isinstance(cipher, tuple) and len(cipher) == 3):
            raise TypeError("cipher must come from Connection.get_cipher()/get_ciphers()")
        self.cipher = cipher

    def __len__(self) -> int:
        return self.cipher[2]

    def __repr__(self) -> str:
        return f"{self.name()}-{len(self)}"

    __str__ = __repr__

    @entry_point("m2crypto.SSL.Cipher.version")
    def version(self) -> str:
        return self.cipher[1]

    @entry_point("m2crypto.SSL.Cipher.name")
    def name(self) -> str:
        return self.cipher[0]


@legacy_class("m2crypto.SSL.Cipher_Stack")
class Cipher_Stack:
    def __init__(self, stack: List[Tuple[str, str, int]], _pyfree: int = 0) -> None:
        self.stack = list(stack)

    def __len__(self) -> int:
        return len(self.stack)

    def __getitem__(self, idx: int) -> Cipher:
        if not 0 <= idx < len(self.stack):
            raise IndexError("index out of range")
        return Cipher(self.stack[idx])

    def __iter__(self) -> Iterator[Cipher]:
        for i in range(len(self.stack)):
            yield self[i]
