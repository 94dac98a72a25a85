"""Treaty reports (ATT annual report, UN Register) and the register of Amanah's own transfers."""
