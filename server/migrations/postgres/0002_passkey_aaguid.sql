-- The authenticator's AAGUID from registration, lowercase with hyphens; NULL when it sent none
-- (all zeros) or registered before this column existed. It names the passkey's provider.
ALTER TABLE passkeys ADD COLUMN aaguid TEXT;
