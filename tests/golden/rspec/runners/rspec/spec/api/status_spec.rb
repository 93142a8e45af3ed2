# The same description in two files (spec/api/ and spec/web/).
RSpec.describe "Status" do
  it "responds" do
    expect("api").to eq("api")
  end
end
