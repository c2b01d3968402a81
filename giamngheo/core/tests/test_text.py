from giamngheo.core.text import address_with_units, fold


def test_fold_removes_diacritics_and_case():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"


def test_address_names_each_unit_once_even_when_the_address_holds_some():
    assert (
        address_with_units("Thôn 5, Xã Cam An", "Thôn 5", "Xã Cam An", "Tỉnh Khánh Hòa")
        == "Thôn 5, Xã Cam An, Tỉnh Khánh Hòa"
    )
    assert address_with_units("", "Thôn 1", "Xã Phước Hà") == "Thôn 1, Xã Phước Hà"
    assert address_with_units("12 Lê Lợi", "", "Phường Phan Rang") == "12 Lê Lợi, Phường Phan Rang"
