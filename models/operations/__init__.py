"""What people do: each module the domain operations of one feature, a transaction each, rights checked first."""
