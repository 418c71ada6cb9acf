"""PolicyWatch's shared kernel: the wire contract, subjects, settings and service plumbing."""
