"""The event stream: Kafka (local KRaft broker or a real cluster) -> the Flink job -> the graph writer.

events.py the event format; producer.py `stream send` / POST /events; kafka.py and flink.py the
runtime pieces; flink_job.py the job itself (PyFlink, its own interpreter); writer.py the graph
writer; runtime.py start/stop/status of all three.
"""
