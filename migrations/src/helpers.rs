//! Statement shapes the newer migrations repeat: a foreign key that cascades deletes, an index over named columns.

use sea_orm_migration::prelude::*;

/// `from` belongs to `to`, and goes when `to` goes.
pub fn owned_by(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// An index named `name` over `cols` of `table`.
pub fn index(
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}
