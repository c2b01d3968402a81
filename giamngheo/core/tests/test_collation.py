from hypothesis import given
from hypothesis import strategies as st

from giamngheo.core.collation import sort_key, sorted_vi


def test_vietnamese_alphabet_order_of_letters_with_marks():
    # a ă â b c d đ e ê ... o ô ơ ... u ư: each marked letter right after its base letter.
    names = ["Ư", "U", "Ơ", "Ô", "O", "Ê", "E", "Đ", "D", "Â", "Ă", "A", "Z"]
    assert sorted_vi(names) == ["A", "Ă", "Â", "D", "Đ", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư", "Z"]


def test_d_with_stroke_sorts_after_d_not_after_z():
    names = ["Xã Đông Hải", "Xã Yên Bình", "Xã Diên Khánh", "Xã Ân Nghĩa"]
    assert sorted_vi(names) == ["Xã Ân Nghĩa", "Xã Diên Khánh", "Xã Đông Hải", "Xã Yên Bình"]


def test_tones_are_compared_after_the_letters():
    # Code-point order puts "Cam Lâm" before "Cà Ná" ("m" < "̀"); Vietnamese compares letters first.
    assert sorted_vi(["Cam Lâm", "Cà Ná"]) == ["Cà Ná", "Cam Lâm"]
    assert sorted(["Cam Lâm", "Cà Ná"]) == ["Cam Lâm", "Cà Ná"]  # what a plain sort does


def test_names_of_people():
    names = [
        "Ưng Văn Bảy",
        "Ông Thị Tám",
        "Ân Văn Hai",
        "Đỗ Văn Ba",
        "Âu Thị Năm",
        "Ơn Văn Sáu",
        "An Văn Một",
    ]
    assert sorted_vi(names) == [
        "An Văn Một", "Ân Văn Hai", "Âu Thị Năm", "Đỗ Văn Ba", "Ông Thị Tám", "Ơn Văn Sáu", "Ưng Văn Bảy",
    ]  # fmt: skip


def test_key_function_and_none():
    rows = [{"n": "Đà Lạt"}, {"n": None}, {"n": "Cà Mau"}]
    assert [r["n"] for r in sorted_vi(rows, key=lambda r: r["n"])] == [None, "Cà Mau", "Đà Lạt"]


@given(st.lists(st.text(alphabet="aăâbcdđeêioôơuưyàáạảãằắặẳẵ ", max_size=8), max_size=20))
def test_sorting_is_a_total_order_consistent_with_keys(names):
    ordered = sorted_vi(names)
    assert sorted(ordered) == sorted(names)
    keys = [sort_key(n) for n in ordered]
    assert keys == sorted(keys)
