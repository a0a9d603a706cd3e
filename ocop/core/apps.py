from django.apps import AppConfig
from django.db.models import fields as model_fields

# The empty choice of every select (model choice fields, fields with choices and blank=True,
# the admin's filters). Django 6.1 labels it "- Select an option -" and ships no Vietnamese
# translation, so the label is set here, for the whole project. Django documents overriding
# it from an app's ready(); it is set when this module is imported instead, which happens
# before any app's ready() (the admin's and rules' autodiscovery import forms then, and a
# form field takes the label when it is created).
BLANK_CHOICE_LABEL = "— Chọn —"
model_fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL


class CoreConfig(AppConfig):
    name = "ocop.core"
    label = "core"
    verbose_name = "Dùng chung"
