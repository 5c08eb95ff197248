{ a,ia }: a
