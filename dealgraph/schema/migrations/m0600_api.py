DESCRIPTION = "API: keys, webhook subscriptions/deliveries/attempts, jobs"

STATEMENTS = [
    "CREATE CONSTRAINT apikey_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT webhooksubscription_id IF NOT EXISTS FOR (n:WebhookSubscription) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT webhookdelivery_id IF NOT EXISTS FOR (n:WebhookDelivery) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT webhookattempt_id IF NOT EXISTS FOR (n:WebhookAttempt) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT job_id IF NOT EXISTS FOR (n:Job) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX webhookdelivery_status IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.status, n.next_attempt_at)",
    "CREATE INDEX job_created IF NOT EXISTS FOR (n:Job) ON (n.created_at)",
]
