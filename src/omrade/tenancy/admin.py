from django.contrib import admin

from omrade.tenancy.models import (
    ApiToken,
    Municipality,
    MunicipalUnit,
    Organisation,
    Person,
    RoleAssignment,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "default_language"]
    search_fields = ["code", "name"]
    list_filter = ["country"]


@admin.register(MunicipalUnit)
class MunicipalUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "municipality", "unit", "organisation"]
    list_filter = ["municipality"]
    search_fields = ["name", "email"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "granted_at"]
    list_filter = ["role", "municipality"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
