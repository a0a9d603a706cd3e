from django import forms

# Clearer Vietnamese than Django's stock translations for the commonest mistakes.
FIELD_MESSAGES = [
    (forms.EmailField, {"invalid": "Địa chỉ thư điện tử không hợp lệ (ví dụ: hoptacxa@gmail.com)."}),
    (forms.IntegerField, {"invalid": "Hãy nhập một số nguyên (chỉ gồm chữ số)."}),
    (forms.DecimalField, {"invalid": "Hãy nhập một số (dùng dấu chấm cho phần thập phân, ví dụ 12.5)."}),
    (forms.DateField, {"invalid": "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."}),
    (forms.ModelChoiceField, {"invalid_choice": "Lựa chọn không hợp lệ hoặc bạn không có quyền chọn mục này."}),
    (forms.ChoiceField, {"invalid_choice": "Lựa chọn không hợp lệ."}),
]


class BootstrapFormMixin:
    """Adds Bootstrap classes to widgets, clear Vietnamese messages, and marks invalid
    fields for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = f"Vui lòng nhập {str(field.label).lower()}." if field.label else "Trường này là bắt buộc."
            for field_class, messages in FIELD_MESSAGES:
                if isinstance(field, field_class):
                    field.error_messages.update(messages)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-errors"
