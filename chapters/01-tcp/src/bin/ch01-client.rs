fn main() {
    unimplemented!("being written")
}
