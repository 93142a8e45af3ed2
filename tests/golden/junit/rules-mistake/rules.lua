-- A mistake on line 4 stops the run before any input is read.
label("epic", "Billing", { package = "^com%.acme%.billing" })

label("epic", "{1}", { package = "^com%.acme%.(%w+" })
