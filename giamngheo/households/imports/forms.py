from django import forms

from giamngheo.core.sheets import EXTENSIONS, SheetError, check_upload, limits


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp dữ liệu",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = limits().max_bytes // 1024 // 1024
        self.fields["file"].help_text = f"Excel (.xlsx, .xls), .ods hoặc CSV UTF-8, tối đa {megabytes} MB."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)  # refused before reading a byte of it
        except SheetError as error:
            raise forms.ValidationError(error.message) from error
        return upload
