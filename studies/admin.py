from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Membership, Role, Site, Study, User

admin.site.register(User, UserAdmin)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "study"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["added_at", "added_by"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "ethics_reference"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [MembershipInline, SiteInline, RoleInline]
