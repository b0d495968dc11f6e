"""G4 social-services self-service portal."""
