from django import forms

from giamngheo.households.imports.reading import EXTENSIONS, MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp dữ liệu",
        help_text=f"Excel (.xlsx, .xls) hoặc CSV UTF-8, tối đa {MAX_BYTES // 1024 // 1024} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:  # refused before reading a byte of it
            raise forms.ValidationError(
                f"Tệp nặng {upload.size / 1024 / 1024:.1f} MB, vượt giới hạn {MAX_BYTES // 1024 // 1024} MB. "
                "Hãy chia thành nhiều tệp nhỏ hơn."
            )
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError("Chỉ nhận tệp Excel (.xlsx, .xls) hoặc CSV (.csv).")
        return upload
