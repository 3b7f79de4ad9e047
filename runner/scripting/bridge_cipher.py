"""Block ciphers and PBKDF2 for the sandbox's CryptoJS: AES, DES and TripleDES through the
``cryptography`` package (extra ``crypto``), PBKDF2 through ``hashlib``. Padding, key derivation
from passphrases and CryptoJS's formats are done by the script side (jslib/crypto_ciphers.js);
this module only transforms whole blocks."""

from __future__ import annotations

import hashlib
from typing import Any

_EXTRA = "CryptoJS ciphers need the cryptography package: pip install 'cdp-runner[crypto]'"


def _algorithm(name: str, key: bytes):  # noqa: ANN202 - cryptography's types are optional imports
    try:
        from cryptography.hazmat.primitives.ciphers import algorithms
    except ImportError:
        raise ValueError(_EXTRA) from None
    if name == "AES":
        if len(key) not in (16, 24, 32):
            raise ValueError(f"AES: invalid key length {len(key)} bytes (16, 24 or 32)")
        return algorithms.AES(key), 16
    try:  # cryptography >= 43 keeps TripleDES among its "decrepit" algorithms
        from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    except ImportError:  # pragma: no cover - older cryptography
        TripleDES = algorithms.TripleDES  # type: ignore[misc]  # noqa: N806
    if name == "DES":
        return TripleDES(key[:8] * 3), 8
    if name == "TripleDES":
        key = key[:24] if len(key) >= 24 else (key[:16] + key[:8] if len(key) >= 16 else key[:8] * 3)
        return TripleDES(key), 8
    raise ValueError(f"unknown cipher {name}")


def cipher(arg: dict) -> str:
    """``arg``: ``{"alg": "AES"|"DES"|"TripleDES", "mode": "CBC"|"ECB"|"CTR"|"CFB"|"OFB",
    "op": "encrypt"|"decrypt", "key", "iv", "data"}`` (hex; data a whole number of blocks) -> hex."""
    from cryptography.hazmat.primitives.ciphers import Cipher, modes

    key, data = bytes.fromhex(arg["key"]), bytes.fromhex(arg["data"])
    algorithm, block = _algorithm(str(arg["alg"]), key)
    iv = bytes.fromhex(arg.get("iv") or "")[:block].ljust(block, b"\0")
    if len(data) % block:
        raise ValueError(f"{arg['alg']}: data is not a whole number of {block}-byte blocks")
    mode_name = str(arg.get("mode") or "CBC")
    factories = {"CBC": lambda: modes.CBC(iv), "ECB": lambda: modes.ECB(), "CTR": lambda: modes.CTR(iv),
                 "CFB": lambda: modes.CFB(iv), "OFB": lambda: modes.OFB(iv)}
    if mode_name not in factories:
        raise ValueError(f"unsupported cipher mode {mode_name}")
    engine: Any = Cipher(algorithm, factories[mode_name]())  # the mode is chosen at run time
    ctx = engine.encryptor() if arg.get("op") == "encrypt" else engine.decryptor()
    return (ctx.update(data) + ctx.finalize()).hex()


def pbkdf2(arg: dict) -> str:
    """``arg``: ``{"password", "salt"`` (hex), ``"iterations", "bytes", "hash"}`` -> derived key (hex)."""
    name = str(arg.get("hash") or "sha1").lower()
    if name not in hashlib.algorithms_guaranteed:
        raise ValueError(f"PBKDF2: unsupported hasher {name}")
    return hashlib.pbkdf2_hmac(name, bytes.fromhex(arg["password"]), bytes.fromhex(arg["salt"]),
                               int(arg.get("iterations") or 1), int(arg["bytes"])).hex()
