"""Development and operations tools: never packaged into Lambda."""
