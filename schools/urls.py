from .views import account, home, people, school_years, schools, staff

urlpatterns = [
    *home.urlpatterns,
    *account.urlpatterns,
    *schools.urlpatterns,
    *staff.urlpatterns,
    *school_years.urlpatterns,
    *people.urlpatterns,
]
