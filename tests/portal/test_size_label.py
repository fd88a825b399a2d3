"""Evidence sizes as the portal prints them."""

import pytest

from dondoc.portal.rendering import size_label


@pytest.mark.parametrize(
    ("size", "label"),
    [(0, "0 B"), (512, "512 B"), (1024, "1 KB"), (300 * 1024, "300 KB"), (1536 * 1024, "1,5 MB")],
)
def test_size_label(size: int, label: str) -> None:
    assert size_label(size) == label
