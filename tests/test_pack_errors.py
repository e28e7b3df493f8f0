"""One handler for an error raised in a pack's function: the library's own errors pass
as they are; anything else becomes a PluginError naming the pack."""

from __future__ import annotations

import pytest

from loanoverdue.errors import InvalidInputError, PluginError, raise_from_pack


def test_an_error_of_the_pack_becomes_a_plugin_error_naming_it() -> None:
    cause = ZeroDivisionError("division by zero")
    with pytest.raises(PluginError) as info:
        raise_from_pack(cause, "xx", "loanoverdue-xx", "calculator 'xx.limitation'")
    error = info.value
    assert (error.plugin, error.distribution) == ("xx", "loanoverdue-xx")
    assert str(error) == (
        "plugin 'xx' (distribution 'loanoverdue-xx'): "
        "calculator 'xx.limitation' raised ZeroDivisionError: division by zero"
    )
    assert error.__cause__ is cause


@pytest.mark.parametrize(
    "own", [InvalidInputError("loan.due_date", "is required"), PluginError("yy", None, "broken")]
)
def test_an_error_of_the_library_passes_as_it_is(own: Exception) -> None:
    with pytest.raises(type(own)) as info:
        raise_from_pack(own, "xx", None, "check of rule 'xx.r'")
    assert info.value is own
