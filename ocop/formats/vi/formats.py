"""Vietnamese input formats for dates typed into forms.

Django's own "vi" locale leaves DATE_INPUT_FORMATS unset, so Django falls back to its
American defaults and reads a typed "06/12/2026" as 12 June. Vietnamese write the day first
(Nghị định 30/2020/NĐ-CP, Phụ lục I: "ngày … tháng … năm …"; dd/mm/yyyy in every office
form), so day-first formats come first here. ISO (what date pickers send) stays accepted.
Only the input formats are overridden; display formats still come from Django's locale.
"""

# The first format is also the one Django's DateInput renders a value in: it must stay ISO,
# the only value an <input type="date"> accepts. No month-first format is listed at all, so
# "06/12/2026" can only be read as 6 December.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-06 (HTML date inputs)
    "%d/%m/%Y",  # 06/12/2026
    "%d/%m/%y",  # 06/12/26
    "%d-%m-%Y",  # 06-12-2026
    "%d.%m.%Y",  # 06.12.2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]
