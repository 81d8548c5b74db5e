"""Tender requirements vs our capabilities: pure matching (engine), unit conversion, graph runner."""
