from django import forms


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do trả lại", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
