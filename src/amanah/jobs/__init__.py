"""Background jobs: work that may take more than a second (a list import and its re-screening,
a bulk re-assessment split across worker processes, the daily calendar check, backups) is
recorded as a job row (`models.JobRow`, its progress visible to every process) and run through
a queue: procrastinate on PostgreSQL (`amanah worker` processes), or in the process that starts
it on SQLite (`runner`)."""
