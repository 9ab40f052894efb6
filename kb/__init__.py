"""The knowledge base: providers (centers), their capabilities and experts, in kb-v1 interchange format."""
