DESCRIPTION = "Event stream: windowed activity aggregates per person key and account"

STATEMENTS = [
    "CREATE CONSTRAINT activitywindow_id IF NOT EXISTS FOR (n:ActivityWindow) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX activitywindow_key IF NOT EXISTS FOR (n:ActivityWindow) ON (n.key, n.start)",
]
