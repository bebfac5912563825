"""Typed views over the API's JSON: attribute access, a readable repr, equality and ``to_dict()``. The model
classes themselves are generated from the spec (``_generated_models``); this is their base and the page.

Nested JSON (tool parameter schemas, execution data) stays plain dicts and lists. Fields the API adds
later are still reachable with ``model["field"]`` and ``to_dict()``.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, Generic, Iterator, Optional, TypeVar

from ._native import RawJson

_MASK = "***"


def _resolve(value: Any) -> Any:
    """A field's value, with JSON kept as text (tool schemas, execution data) built on first read."""
    if type(value) is RawJson:
        return value.value()
    if type(value) is list and value and type(value[0]) is RawJson:
        return [v.value() if type(v) is RawJson else v for v in value]
    return value


def _materialize(data: Any) -> Any:
    """Builds every JSON value still kept as text, in place, in a whole tree of dicts and lists."""
    if type(data) is dict:
        for key, value in data.items():
            if type(value) is RawJson:
                data[key] = value.value()
            elif type(value) in (dict, list):
                _materialize(value)
    elif type(data) is list:
        for i, value in enumerate(data):
            if type(value) is RawJson:
                data[i] = value.value()
            elif type(value) in (dict, list):
                _materialize(value)
    return data


def _mask(secret: Any) -> Any:
    if not isinstance(secret, str):
        return secret
    prefix, sep, _ = secret.partition("_")
    return f"{prefix}_{_MASK}" if sep and len(prefix) < 4 else _MASK


class Model:
    __slots__ = ("_data",)
    _data: dict[str, Any]
    _nested: ClassVar[dict[str, type[Model]]] = {}
    _nested_lists: ClassVar[dict[str, type[Model]]] = {}
    _secrets: ClassVar[tuple[str, ...]] = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, data: dict[str, Any]) -> None:
        object.__setattr__(self, "_data", data)

    def _field(self, name: str) -> Any:
        """The field's value; JSON kept as text is built now and remembered."""
        value = self._data[name]
        resolved = _resolve(value)
        if resolved is not value:
            self._data[name] = resolved
        return resolved

    def __getattr__(self, name: str) -> Any:
        try:
            value = self._field(name)
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None
        if value is None:
            return None
        nested = self._nested.get(name)
        if nested is not None:
            return nested(value)
        nested = self._nested_lists.get(name)
        if nested is not None:
            return [nested(item) for item in value]
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; use to_dict() for a mutable copy")

    def __getitem__(self, name: str) -> Any:
        return self._field(name)

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def get(self, name: str, default: Any = None) -> Any:
        return self._field(name) if name in self._data else default

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the JSON this model was read from, unknown fields included."""
        data: dict[str, Any] = copy.deepcopy(_materialize(self._data))
        return data

    def __eq__(self, other: object) -> bool:
        if not (isinstance(other, Model) and type(self) is type(other)):
            return False
        return bool(_materialize(self._data) == _materialize(other._data))

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self)))

    def __repr__(self) -> str:
        names = self._repr_fields or tuple(self._data)
        shown = []
        for name in names:
            if name in self._data:
                value = self._field(name)
                if name in self._secrets:
                    text = repr(_mask(value))
                elif value is not None and (name in self._nested or name in self._nested_lists):
                    text = repr(getattr(self, name))  # nested models mask their own secrets
                else:
                    text = repr(value)
                shown.append(f"{name}={text}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def __getstate__(self) -> dict[str, Any]:
        return _materialize(self._data)  # type: ignore[no-any-return]

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "_data", state)


T = TypeVar("T", bound=Model)


class Page(Generic[T]):
    """One page of a list: ``items``, ``next_cursor`` (None on the last page) and the totals.

    A numbered list (the MCP servers') has no cursor: its next page is ``next_page_no`` (pass it as ``page_no``).
    ``iter`` follows either."""

    __slots__ = ("items", "next_cursor", "total_pages", "current_page", "total_items")

    def __init__(self, data: dict[str, Any], item: type[T]) -> None:
        self.items: list[T] = [item(i) for i in data.get("items", ())]
        self.next_cursor: Optional[str] = data.get("next_cursor") or None
        self.total_pages: int = int(data.get("total_pages") or 0)
        self.current_page: int = int(data.get("current_page") or 0)
        self.total_items: int = int(data.get("total_items") or 0)

    @property
    def next_page_no(self) -> Optional[int]:
        """The next page's number in a numbered list; None on the last or an empty page, and when there is a cursor."""
        if self.next_cursor is None and self.items and 1 <= self.current_page < self.total_pages:
            return self.current_page + 1
        return None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Page) and self.to_dict() == other.to_dict()

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [i.to_dict() for i in self.items],
            "next_cursor": self.next_cursor,
            "total_pages": self.total_pages,
            "current_page": self.current_page,
            "total_items": self.total_items,
        }

    def __repr__(self) -> str:
        return (
            f"Page(items=[{len(self.items)} items], next_cursor={self.next_cursor!r}, "
            f"current_page={self.current_page}, total_pages={self.total_pages}, total_items={self.total_items})"
        )
