"""Versioned parameter-set data (JSON) read by ``cityscore.core.kernel.parameters``."""
