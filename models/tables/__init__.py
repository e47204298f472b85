"""The stored records: each module a few Tortoise tables and the small queries and changes that belong to them."""
