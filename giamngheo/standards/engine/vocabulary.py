"""The raw survey answers the engine understands: the contract between the
survey forms, the database columns, the generator and the standard files.

Household-level answers are one row per household; member-level answers are
one row per member with a `household_id` column. Standard files refer to these
names in their deprivation tests. Enumerations list the values an answer may
take, with the Vietnamese label shown on forms.
"""

from typing import Final

RURAL: Final = "rural"
URBAN: Final = "urban"

WATER_SOURCES: Final[dict[str, str]] = {
    "piped": "Nước máy",
    "borehole": "Giếng khoan",
    "protected_well": "Giếng đào được bảo vệ",
    "protected_spring": "Nước khe/mó được bảo vệ",
    "rainwater": "Nước mưa",
    "bottled": "Nước đóng chai, bình",
    "unprotected_well": "Giếng đào không được bảo vệ",
    "unprotected_spring": "Nước khe/mó không được bảo vệ",
    "surface": "Nước sông, suối, ao, hồ",
    "other": "Nguồn khác",
}

LATRINES: Final[dict[str, str]] = {
    "septic": "Tự hoại",
    "semi_septic": "Bán tự hoại",
    "pour_flush": "Dội nước",
    "double_vault": "Hai ngăn",
    "ventilated_pit": "Chìm có ống thông hơi",
    "unimproved_pit": "Hố đào không hợp vệ sinh",
    "none": "Không có nhà tiêu",
    "other": "Loại khác",
}

SCHOOLING: Final[dict[str, str]] = {
    "not_attending": "Không đi học",
    "right_level": "Đang đi học đúng cấp",
    "below_level": "Đang đi học nhưng chậm cấp",
}

QUALIFICATIONS: Final[dict[str, str]] = {
    "none": "Chưa tốt nghiệp tiểu học",
    "primary": "Tiểu học",
    "lower_secondary": "Trung học cơ sở",
    "upper_secondary": "Trung học phổ thông",
    "vocational": "Chứng chỉ/bằng nghề",
    "higher": "Cao đẳng, đại học trở lên",
}

EMPLOYMENT: Final[dict[str, str]] = {
    "contract": "Làm công ăn lương có hợp đồng",
    "no_contract": "Làm công ăn lương không có hợp đồng",
    "self_employed": "Tự làm (nông nghiệp, kinh doanh)",
    "unemployed": "Thất nghiệp",
    "not_working": "Không làm việc (học sinh, nội trợ, nghỉ hưu)",
    "unable_to_work": "Không có khả năng lao động",
}

SEXES: Final[dict[str, str]] = {"male": "Nam", "female": "Nữ"}

# Household answers: name -> (type, Vietnamese question)
HOUSEHOLD_ANSWERS: Final[dict[str, tuple[str, str]]] = {
    "area": ("enum:rural,urban", "Khu vực (nông thôn/thành thị)"),
    "members": ("int", "Số nhân khẩu"),
    "income_per_capita_month": ("int", "Thu nhập bình quân đầu người/tháng (đồng)"),
    "score": ("float", "Điểm phiếu B1 (khi ước tính thu nhập bằng phiếu chấm điểm)"),
    "floor_area_m2": ("float", "Tổng diện tích ở của hộ (m²)"),
    "has_dwelling": ("bool", "Hộ có nhà ở"),
    "durable_walls": ("bool", "Tường nhà làm bằng vật liệu bền chắc"),
    "durable_columns": ("bool", "Cột/khung nhà làm bằng vật liệu bền chắc"),
    "durable_roof": ("bool", "Mái nhà làm bằng vật liệu bền chắc"),
    "water_source": ("enum:" + ",".join(WATER_SOURCES), "Nguồn nước sinh hoạt chính"),
    "latrine": ("enum:" + ",".join(LATRINES), "Loại nhà tiêu"),
    "uses_internet": ("bool", "Có thành viên sử dụng dịch vụ internet"),
    "has_phone_subscription": ("bool", "Có thành viên sử dụng thuê bao điện thoại"),
    "has_tv": ("bool", "Có ti vi"),
    "has_radio": ("bool", "Có đài/radio"),
    "has_computer": ("bool", "Có máy tính để bàn/xách tay"),
    "has_smartphone": ("bool", "Có điện thoại thông minh"),
    "has_tablet": ("bool", "Có máy tính bảng"),
    "hears_loudspeaker": ("bool", "Nghe được loa truyền thanh thôn/xã"),
    "waste_treated": ("bool", "Có biện pháp xử lý rác thải sinh hoạt hợp vệ sinh"),
    # Form B1 (income estimated by score) also asks about these; the other B1 items read the
    # answers above and the members' answers.
    "has_fridge": ("bool", "Có tủ lạnh"),
    "has_air_conditioner": ("bool", "Có điều hòa nhiệt độ"),
    "has_washing_machine": ("bool", "Có máy giặt"),
    "has_car": ("bool", "Có ô tô"),
    "motorbikes": ("int", "Số xe máy, xe có động cơ hai bánh"),
    "electricity_kwh_month": ("int", "Điện năng tiêu thụ bình quân một tháng (kWh)"),
    "farm_land_m2": ("float", "Diện tích đất sản xuất nông, lâm nghiệp và mặt nước nuôi trồng thủy sản (m²)"),
    "large_livestock": ("int", "Số trâu, bò, ngựa"),
}

# Member answers: name -> (type, Vietnamese question). `age` is derived from
# birth_date at the survey date when not given.
MEMBER_ANSWERS: Final[dict[str, tuple[str, str]]] = {
    "age": ("int", "Tuổi tại ngày khảo sát (tròn năm)"),
    "sex": ("enum:male,female", "Giới tính"),
    "has_health_insurance": ("bool", "Có thẻ bảo hiểm y tế còn hiệu lực"),
    "schooling": ("enum:" + ",".join(SCHOOLING), "Tình trạng đi học"),
    "qualification": ("enum:" + ",".join(QUALIFICATIONS), "Trình độ cao nhất đã đạt"),
    "employment": ("enum:" + ",".join(EMPLOYMENT), "Tình trạng việc làm"),
    "severe_disability": ("bool", "Khuyết tật nặng/đặc biệt nặng"),
    "malnourished": ("bool", "Trẻ suy dinh dưỡng (thấp còi hoặc nhẹ cân)"),
    "ill_untreated": ("bool", "Ốm đau nặng nhưng không đi khám chữa bệnh (12 tháng qua)"),
    "social_allowance": ("bool", "Đang hưởng trợ cấp xã hội hằng tháng (Nghị định 20/2021/NĐ-CP)"),
    "employer_certified_training": (
        "bool",
        "Được người sử dụng lao động xác nhận đã đào tạo nghề tại chỗ",
    ),
}

# Member columns the engine derives (never asked): standards may test them by name.
MEMBER_DERIVED: Final[dict[str, tuple[str, str]]] = {
    "working_age": (
        "bool",
        "Trong độ tuổi lao động tại ngày khảo sát (từ đủ 15 tuổi đến dưới tuổi nghỉ hưu theo lộ trình của "
        "Bộ luật Lao động 2019)",
    ),
}

# Six socio-economic regions (vùng kinh tế - xã hội) used by the B1 scorecard thresholds.
REGIONS: Final[dict[str, str]] = {
    "northern_midlands_mountains": "Trung du và miền núi phía Bắc",
    "red_river_delta": "Đồng bằng sông Hồng",
    "north_central_central_coast": "Bắc Trung Bộ và duyên hải miền Trung",
    "central_highlands": "Tây Nguyên",
    "southeast": "Đông Nam Bộ",
    "mekong_delta": "Đồng bằng sông Cửu Long",
}

# Household context that is not a deprivation answer: the date ages are computed at,
# and the region whose scorecard thresholds apply when income is estimated by score.
SURVEY_CONTEXT: Final[dict[str, tuple[str, str]]] = {
    "survey_date": ("date", "Ngày khảo sát"),
    "region": ("enum:" + ",".join(REGIONS), "Vùng kinh tế - xã hội"),
}

# Member dates the engine turns into `age` (completed years at the survey date) when
# `age` is not given, and `birth_year`, which standards may test directly (2016-2020:
# "sinh từ năm 1986 trở lại đây"). A birth year alone stands for 1 July of that year.
MEMBER_BIRTH_ANSWERS: Final[dict[str, tuple[str, str]]] = {
    "birth_date": ("date", "Ngày sinh"),
    "birth_year": ("int", "Năm sinh"),
}

# Deprivation indicator codes, as in the household CSV format (`d_<code>` columns).
INDICATOR_CODES: Final[tuple[str, ...]] = (
    "employment",
    "dependants",
    "nutrition",
    "health_insurance",
    "health_access",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "floor_area",
    "water",
    "latrine",
    "telecom",
    "info_assets",
    "waste",
)
