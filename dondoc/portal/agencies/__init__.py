"""The registry of bodies ("Danh mục cơ quan"): its pages and its API, coordinators only."""
