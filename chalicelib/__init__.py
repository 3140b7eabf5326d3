"""Lapor: serverless SP4N-LAPOR! implementation. All logic lives in this package."""
