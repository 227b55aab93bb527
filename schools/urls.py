from .views import account, home, people, school_years, schools

urlpatterns = [
    *home.urlpatterns,
    *account.urlpatterns,
    *schools.urlpatterns,
    *school_years.urlpatterns,
    *people.urlpatterns,
]
