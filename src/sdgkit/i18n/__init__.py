"""sdgkit i18n."""
