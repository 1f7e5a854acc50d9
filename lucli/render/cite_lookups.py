"""citeproc-py's repeated work for each reference entry, done once per style or more directly.

citeproc-py walks the style's tree for every entry it formats, and asks the same questions of it again and
again: paths looked up by XPath, an element's root, a locale's terms, a child element by name. The tree does
not change as entries are formatted (but for one case, below), so `lookups_remembered` answers each question
once per style while an entry is formatted (`lucli.render.cite.Bibliography`). The text is the same: a test
formats every source of two corpora in three styles with and without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def lookups_remembered(lookups: dict[Any, Any]) -> Iterator[None]:
    """While an entry is formatted, answer citeproc-py's lookups in the style's tree from `lookups`.

    citeproc-py looks the style's macros, terms and layout up by XPath at every use, about 70 times an entry,
    and those lookups were over a third of its time; it also walks up to an element's root some 330 times an
    entry, and finds the same locale terms and child elements again and again (together a further sixth). The
    tree does not change as entries are formatted, except that a `names` element with no `name` child is given
    one on first use; so the same element and question give the same answer, and each is asked once per style
    (a child element not found is not remembered: it may be added). `lookups` holds the elements, so lxml hands
    back the same element objects each time (and the attributes citeproc keeps on them stay). An item's
    reference is read directly (`_direct_reference`). A citeproc-py without one of these methods is used as
    it is.
    """
    from citeproc import model, source

    patched = []
    for owner, name, remember in ((model.CitationStylesElement, "xpath_search", _remembered_search),
                                  (model.CitationStylesElement, "get_root", _remembered_root),
                                  (getattr(model, "Locale", None), "get_term", _remembered_term),
                                  (getattr(model, "SomewhatObjectifiedElement", None), "__getattr__",
                                   _remembered_child),
                                  (getattr(source, "CitationItem", None), "reference", _direct_reference)):
        plain = vars(owner).get(name) if owner is not None else None
        if plain is not None:
            patched.append((owner, name, plain))
            setattr(owner, name, remember(plain, lookups))
    try:
        yield
    finally:
        for owner, name, plain in reversed(patched):
            setattr(owner, name, plain)


def _remembered_search(plain: Any, lookups: dict[Any, Any]) -> Any:
    def search(element: Any, expression: str) -> list[Any]:
        found = lookups.get((element, expression))
        if found is None:
            found = lookups[element, expression] = plain(element, expression)
        return list(found)
    return search


def _remembered_root(plain: Any, lookups: dict[Any, Any]) -> Any:
    def root(element: Any) -> Any:
        found = lookups.get((element,))
        if found is None:
            found = plain(element)
            if found is not element:  # an element not yet in a tree (a `name` being added) may be put in one
                lookups[element,] = found
        return found
    return root


def _remembered_term(plain: Any, lookups: dict[Any, Any]) -> Any:
    def term(locale: Any, name: str, form: str | None = None, zero_padded: bool = False) -> Any:
        key = (locale, "term", name, form, zero_padded)
        found = lookups.get(key)
        if found is None:
            found = lookups[key] = plain(locale, name, form, zero_padded)  # IndexError: none, asked again
        return found
    return term


def _remembered_child(plain: Any, lookups: dict[Any, Any]) -> Any:
    def child(element: Any, name: str) -> Any:
        found = lookups.get((element, "child", name))
        if found is None:
            found = plain(element, name)
            if found is not None:
                lookups[element, "child", name] = found
        return found
    return child


def _direct_reference(plain: Any, lookups: dict[Any, Any]) -> Any:
    """`CitationItem.reference` without its four layers of attribute lookups, each a Python call that turns a
    missing key into citeproc-py's VariableError: the item's citation's bibliography's source, at the item's key.

    Only where citeproc-py's own property reads exactly that (`bibliography.source[key]`, the bibliography being
    `citation.bibliography`); otherwise it is left as it is."""
    from citeproc.source import CitationItem, VariableError

    bibliography = vars(CitationItem).get("bibliography")
    if not (isinstance(plain, property) and isinstance(bibliography, property)
            and _reads(plain, ("bibliography", "source", "key"))
            and _reads(bibliography, ("citation", "bibliography"))):
        return plain
    get = dict.__getitem__

    def reference(item: Any) -> Any:
        try:
            found = get(get(item, "citation"), "bibliography").source
            key = get(item, "key")
        except KeyError:
            raise VariableError from None
        return found[key]  # the source's own KeyError, as before
    return property(reference)


def _reads(prop: property, names: tuple[str, ...]) -> bool:
    code = getattr(prop.fget, "__code__", None)
    return code is not None and code.co_names == names
