"""What dondoc writes for people: the giao ban report as Word, Excel, HTML and a chart, and the
digests that go out through the outbox.

Above the joining modules (context, cycle, registration): imports `reading` and the wings below."""
