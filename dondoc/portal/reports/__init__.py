"""The giao ban report as a page, with its Word and Excel files."""
