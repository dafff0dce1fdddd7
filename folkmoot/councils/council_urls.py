"""Council pages and the confederation page (included by ``urls.py``)."""

urlpatterns: list = []
