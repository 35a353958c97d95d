"""How a symbol a person types is matched against the archive's symbols: "35/KH-LDLD",
"35 / KH LĐLĐ" and "035/KH–LĐLĐ" all mean 35/KH-LĐLĐ. Keyboards without Vietnamese
give D for Đ; people put spaces or leave dashes out. One function, ``symbol_key``, used by
`show`, `graph` and the Datasette queries (as the SQL function ``vb_symbol_key``); swap it
for pipeline.identity's normalisation when that lands.
"""

from __future__ import annotations

import unicodedata

# every dash and hyphen people or Word produce, and the spaces between parts
_DROP = dict.fromkeys(map(ord, " \t\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), None)


def symbol_key(symbol: str | None) -> str:
    """A symbol as a key that ignores case, diacritics (Đ = D), spaces, dashes and the
    number's leading zeros: '35/KH-LĐLĐ' and '035 / kh ldld' → '35/KHLDLD'."""
    if not symbol:
        return ""
    s = unicodedata.normalize("NFD", symbol.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).translate(_DROP).upper()
    return s.lstrip("0") if s[:1] == "0" and s.lstrip("0")[:1].isdigit() else s


def number_head(symbol: str | None) -> str:
    """The digits a symbol starts with, without leading zeros ('035/KH' → '35'): the part of
    ``nodes.number_norm`` a lookup can seek in its index before comparing keys."""
    key = symbol_key(symbol)
    i = 0
    while i < len(key) and key[i].isdigit():
        i += 1
    return key[:i]
