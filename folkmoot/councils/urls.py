from .council_urls import urlpatterns as council_patterns

app_name = "councils"

# Questions, referrals and seat votes; council pages and the confederation come from
# council_urls.
urlpatterns: list = [*council_patterns]
