fn main() {
    aspect_playground::start();
}
