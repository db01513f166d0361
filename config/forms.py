"""How every form field is drawn."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Draws fields with templates/includes/field.html, where help text is escaped.

    Django's own field template marks help text safe, and some help text here is
    written by people (an information form question's help, shown to participants),
    so markup in it would reach the page as markup.
    """

    field_template_name = "includes/field.html"
